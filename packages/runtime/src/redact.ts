/**
 * Secrets a client holds (API keys, client secrets, tokens) are registered with its Redactor;
 * every text the runtime surfaces (error messages, error bodies, hook events) passes through
 * `redact` first, so a secret echoed back by a server never reaches a log.
 */
export const REDACTED = "[redacted]";

/** Shortest value treated as a secret: shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  #secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (and its URL-encoded and base64 forms, which servers may echo). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.#secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.#secrets.add(encoded);
  }

  get size(): number {
    return this.#secrets.size;
  }

  redact(text: string): string {
    if (this.#secrets.size === 0 || !text) return text;
    let out = text;
    // Longest first, so a secret containing another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Deep copy of a parsed body with every string (keys included) redacted. */
  redactValue<T>(value: T): T {
    if (this.#secrets.size === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === "string") return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, inner]) => [this.redact(k), walk(inner)]));
      }
      return v;
    };
    return walk(value) as T;
  }

  /** Keeps secrets out of `console.log(redactor)` and JSON. */
  toJSON(): string {
    return `Redactor(${this.#secrets.size} secrets)`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toJSON();
  }
}
