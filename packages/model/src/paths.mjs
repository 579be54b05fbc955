// Path templates: the one matcher of the repository. OpenAPI 3.1 (Paths Object): "When matching
// URLs, concrete (non-templated) paths would be matched before their templated counterparts", so
// `/pet/findByStatus` wins over `/pet/{petId}`; between templates, the one whose first literal
// segment comes earlier is more specific (`/a/b/{x}` before `/a/{y}/c`).

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/** A template's regular expression (one capture per `{name}`) and its parameter names, in order. */
export function templateMatcher(template) {
  const names = [];
  const pattern = template
    .split("/")
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name) => {
        if (name === undefined) return part.replace(ESCAPE, "\\$&");
        names.push(name);
        return "([^/]+)";
      }),
    )
    .join("/");
  return { regex: new RegExp(`^${pattern}$`), names };
}

/** The parameter names of a template, in order. */
export const templateParams = (template) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/**
 * Orders two templates, more specific first: at the first segment where one is literal and the
 * other holds a parameter, the literal wins; then the one with more segments; then by text, so
 * the order never depends on the spec's.
 */
export function compareSpecificity(a, b) {
  const as = a.split("/");
  const bs = b.split("/");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const la = !as[i].includes("{");
    const lb = !bs[i].includes("{");
    if (la !== lb) return la ? -1 : 1;
  }
  return bs.length - as.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A matcher over many templates: `match(path)` gives the most specific template that matches,
 * with its decoded parameters, or undefined.
 * @template T
 * @param {Iterable<string | { template: string, value?: T }>} entries
 */
export function pathMatcher(entries) {
  const compiled = [...entries]
    .map((e) => (typeof e === "string" ? { template: e, value: e } : e))
    .map((e) => ({ ...e, ...templateMatcher(e.template) }))
    .sort((a, b) => compareSpecificity(a.template, b.template));
  return {
    entries: compiled,
    /** @param {string} path the request path, without query */
    match(path) {
      for (const entry of compiled) {
        const m = entry.regex.exec(path);
        if (!m) continue;
        const params = {};
        entry.names.forEach((name, i) => {
          params[name] = safeDecode(m[i + 1]);
        });
        return { template: entry.template, value: entry.value, params };
      }
      return undefined;
    },
    /** Every entry that matches, most specific first (e.g. to try the next when a method is missing). */
    matchAll(path) {
      return compiled.filter((e) => e.regex.test(path)).map((e) => e.template);
    },
  };
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The path part of a server URL after its variables take their defaults (`https://{host}/v1` ->
 * `/v1`), so a mock serves the spec's paths whatever the host. Relative URLs are taken as they are.
 */
export function serverBasePath(server) {
  if (!server?.url) return "";
  const url = server.url.replace(/\{([^}]+)\}/g, (_m, name) => server.variables?.[name]?.default ?? "x");
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  return withoutOrigin.replace(/\/+$/, "");
}

/** A server URL with its variables set to their defaults (or `values`). */
export function serverUrl(server, values = {}) {
  return String(server?.url ?? "").replace(
    /\{([^}]+)\}/g,
    (m, name) => values[name] ?? server.variables?.[name]?.default ?? m,
  );
}
