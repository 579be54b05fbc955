import { base64Utf8 } from "./encoding.js";

/**
 * Secrets a client holds (API keys, client secrets, tokens) are registered with its Redactor;
 * every text the runtime surfaces (error messages, error bodies, request ids, hook events)
 * passes through `redact` first, so a secret echoed back by a server never reaches a log.
 */
export const REDACTED = "[redacted]";

/** Shortest value treated as a secret: shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Field names whose values are credentials whoever's they are (e.g. a token endpoint's answer
 * that could not be parsed, before the token was ever registered): access, refresh and id
 * tokens, token, (client) secret, (x-)secret key, (x-)api key, password, authorization. Compared
 * case-insensitively with `-` and `_` ignored.
 */
const SENSITIVE_FIELD =
  /^(?:(?:access|refresh|id)?token|(?:client)?secret|x?(?:secret|api)key|password|authorization)$/;

export const isSensitiveField = (name: string): boolean =>
  SENSITIVE_FIELD.test(name.replace(/[-_]/g, "").toLowerCase());

/** `"access_token": "..."` in JSON-ish text and `client_secret=...` in form or query text. */
const JSON_FIELD = /("([A-Za-z_-]+)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;
const FORM_FIELD = /(^|[?&\s])([A-Za-z_-]+)=([^&\s"'<>]*)/g;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The forms a server may echo a secret in besides the raw one. */
function variants(secret: string): string[] {
  const base64 = base64Utf8(secret);
  const unpadded = base64.replace(/=+$/, "");
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2), // form encoding (spaces as "+")
    JSON.stringify(secret).slice(1, -1), // inside a JSON string
    htmlEscape(secret),
    base64,
    unpadded,
    unpadded.replace(/\+/g, "-").replace(/\//g, "_"), // base64url
  ];
}

export class Redactor {
  /** Each secret with the forms it is redacted in. */
  #secrets = new Map<string, string[]>();
  #sorted: string[] | undefined;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret and the encoded forms a server may echo (URL, form, JSON, HTML, base64). */
  add(secret: string | undefined): void {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.set(
      secret,
      variants(secret).filter((form) => form.length >= MIN_SECRET_LENGTH),
    );
    this.#sorted = undefined;
  }

  /** Forgets a secret that is no longer in use (e.g. an access token replaced twice since). */
  remove(secret: string | undefined): void {
    if (secret !== undefined && this.#secrets.delete(secret)) this.#sorted = undefined;
  }

  /** How many strings (secrets and their encoded forms) are redacted. */
  get size(): number {
    return this.#forms().length;
  }

  #forms(): string[] {
    // Longest first, so a secret containing another is replaced whole.
    this.#sorted ??= [...new Set([...this.#secrets.values()].flat())].sort((a, b) => b.length - a.length);
    return this.#sorted;
  }

  redact(text: string): string {
    if (!text) return text;
    let out = text;
    for (const secret of this.#forms()) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    out = out.replace(JSON_FIELD, (whole, open: string, name: string, _value: string, close: string) =>
      isSensitiveField(name) ? `${open}${REDACTED}${close}` : whole,
    );
    out = out.replace(FORM_FIELD, (whole, lead: string, name: string) =>
      isSensitiveField(name) ? `${lead}${name}=${REDACTED}` : whole,
    );
    return out;
  }

  /** Deep copy of a parsed body with every string (keys included) redacted, and credential fields blanked. */
  redactValue<T>(value: T): T {
    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === "string") return this.redact(v);
      if (depth > 64) return REDACTED;
      if (Array.isArray(v)) return v.map((inner) => walk(inner, depth + 1));
      if (v && typeof v === "object") {
        return Object.fromEntries(
          Object.entries(v).map(([k, inner]) => [
            this.redact(k),
            isSensitiveField(k) && inner !== null && inner !== undefined && typeof inner !== "boolean"
              ? REDACTED
              : walk(inner, depth + 1),
          ]),
        );
      }
      return v;
    };
    return walk(value, 0) as T;
  }

  /** Keeps secrets out of `console.log(redactor)` and JSON. */
  toJSON(): string {
    return `Redactor(${this.#secrets.size} secrets)`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toJSON();
  }
}
