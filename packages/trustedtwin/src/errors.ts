// The Trusted Twin error class, in its own module so the client factories and the webhook helpers share it.
import { SpecforgeError } from "@specforge/runtime";

/** A Trusted Twin error body: `{subcode, trace, description, help?}`. */
interface TrustedTwinErrorBody {
  subcode?: number | string;
  trace?: string;
  description?: string;
  help?: string;
}

/** Every failed call: HTTP status, Trusted Twin's subcode, description and trace. */
export class TrustedTwinError extends SpecforgeError {
  static readonly matchProvider = "trustedtwin";
  #field<K extends keyof TrustedTwinErrorBody>(key: K): TrustedTwinErrorBody[K] {
    const body = this.body;
    return body && typeof body === "object" ? (body as TrustedTwinErrorBody)[key] : undefined;
  }
  /** Six-digit code, e.g. 404653 (the first three digits repeat the HTTP status). */
  get subcode(): number | string | undefined {
    return this.#field("subcode");
  }
  get description(): string | undefined {
    return this.#field("description");
  }
  /** Quote it to Trusted Twin support. */
  get trace(): string | undefined {
    return this.#field("trace");
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), subcode: this.subcode, description: this.description, trace: this.trace };
  }
}
