/** Base64 of a string's UTF-8 bytes with web-standard APIs only (no Buffer), for every runtime. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** RFC 3986 percent-encoding of everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`). */
export const encodeStrict = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A parameter name from the spec: encoded, but `page[size]` keeps its brackets. */
export const encodeName = (name: string): string => encodeStrict(name).replace(/%5B/g, "[").replace(/%5D/g, "]");
