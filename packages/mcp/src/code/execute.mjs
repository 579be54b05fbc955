// Code mode: two tools instead of one per operation. `search` finds operations (search.mjs);
// `execute` type-checks a snippet against the client package's .d.ts (typecheck.mjs) and runs it in
// the sandbox (sandbox.mjs) with `client` bridged to the real generated client here in the host:
// credentials, auth, retries, typed errors and redaction stay on this side, and every answer is
// redacted before it enters the sandbox. Writes are refused at the bridge unless the server allows
// them; `dryRun` runs the same code against a fresh stateful mock of the API instead.
import { clientSettings, createClient } from "../client.mjs";
import { DEFAULT_LIMITS, closeSandbox, runInSandbox, warmSandbox } from "./sandbox.mjs";
import { buildCatalog, search, searchTool } from "./search.mjs";
import { createCheckerThread } from "./typecheck.mjs";

/** Base64 of a Blob's bytes (a file a download operation answers with). */
async function base64Of(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const text = (value) => ({ type: "text", text: value });

/**
 * The per-call options a sandboxed caller may pass (`client.x(args, options)`): how long to wait and
 * how often to retry. Everything else is refused by name: `headers` could replace the server's
 * credentials or send what the redactor does not know, `retryNonIdempotent` could repeat a write,
 * and `signal`/`onAttempt` are host objects the sandbox has not got.
 */
const SAFE_NUMBERS = ["timeoutMs", "deadlineMs", "maxRetries"];
const SAFE_RETRY = ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "statuses"];

/** The safe per-call options, checked; throws (as the sandbox sees it) naming what is refused. */
export function sandboxCallOptions(name, options) {
  if (options === undefined || options === null) return undefined;
  const refuse = (what) => {
    throw {
      name: "OptionRefused",
      message: `client.${name}(args, options): ${what}; in execute a call takes only ${[...SAFE_NUMBERS, "retry"].join(", ")}`,
    };
  };
  if (typeof options !== "object" || Array.isArray(options)) refuse("options must be an object");
  const count = (key, value, integer) => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value)))
      refuse(`${key} must be a non-negative ${integer ? "integer" : "number"} (got ${JSON.stringify(value)})`);
  };
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (SAFE_NUMBERS.includes(key)) count(key, value, key === "maxRetries");
    else if (key === "retry") {
      if (!value || typeof value !== "object" || Array.isArray(value)) refuse("retry must be an object");
      for (const [retryKey, retryValue] of Object.entries(value)) {
        if (!SAFE_RETRY.includes(retryKey))
          refuse(`retry.${retryKey} is not accepted (retry takes ${SAFE_RETRY.join(", ")})`);
        if (retryKey === "statuses") {
          if (!Array.isArray(retryValue) || !retryValue.every((s) => Number.isInteger(s) && s >= 400 && s <= 599))
            refuse("retry.statuses must be a list of HTTP error statuses (400-599)");
        } else count(`retry.${retryKey}`, retryValue, retryKey === "maxRetries");
      }
    } else
      refuse(
        key === "headers"
          ? "headers are refused (the server sends the credentials; a header could replace them)"
          : key === "retryNonIdempotent"
            ? "retryNonIdempotent is refused (a retried write could happen twice)"
            : `${key} is refused (${key === "signal" || key === "onAttempt" ? "a host object the sandbox has not got" : "not a per-call option the sandbox may set"})`,
      );
    out[key] = value;
  }
  return out;
}

function executeTool({ title, factory, packageName, allowWrites, limits, pagers, hasCall }) {
  const lines = [
    `Runs TypeScript against the ${title} client (${packageName}, as \`${factory}(...)\` returns it): the code is the body of \`async (client) => { ... }\`; \`return\` a JSON value, which is the result, with what \`console.log\` printed.`,
    "Type-checked first (errors name the line and property; nothing runs). Each `await client.<operation>(args)` is one API call with the args `search` shows; a failed call throws an Error with the provider's message and `status`, `kind`, `body`, so try/catch works." +
      (pagers.length ? " `for await (const x of client.paginate.<operation>(args))` walks every page." : "") +
      (hasCall ? " `client.call(action, params)` works too." : ""),
    `Sandboxed: no fetch, import, require, process or timers; limits ${limits.timeMs / 1000} s, ${limits.memoryBytes / 1024 / 1024} MB, ${limits.outputBytes / 1000} kB of output.`,
    allowWrites
      ? "Writes are allowed: try one with `dryRun: true` first."
      : "Reads only: a write is refused unless the server runs with --allow-writes; `dryRun: true` runs on a fresh mock, writes included.",
  ];
  return {
    name: "execute",
    title: `Run code against ${title}`,
    description: lines.join("\n"),
    inputSchema: {
      type: "object",
      properties: {
        code: { type: "string", description: "the body of an async function with `client` in scope" },
        dryRun: {
          type: "boolean",
          description: "run against a fresh stateful mock of the API instead (default false)",
        },
      },
      required: ["code"],
      additionalProperties: false,
    },
    annotations: { title: `Run code against ${title}`, readOnlyHint: !allowWrites, openWorldHint: true },
  };
}

/**
 * The code mode of one API's server.
 * @param {object} o
 * @param {import("../api.mjs").ApiEntry} o.entry
 * @param {object} o.doc              the bundled spec
 * @param {object} o.exports          the client package's module
 * @param {import("../tools.mjs").ToolEntry[]} o.tools  the operations `client` bridges (the selection, writes included)
 * @param {object} o.client           the real client
 * @param {string} o.factory          the client factory's name
 * @param {import("@specforge/runtime").Redactor} o.redactor
 * @param {boolean} o.allowWrites
 * @param {Partial<typeof DEFAULT_LIMITS>} [o.limits]
 * @param {string} [o.cwd]            where the mock finds the package for dryRun
 * @param {(line: string) => void} o.log  already redacting
 */
export function createCodeMode(o) {
  const { entry, doc, exports, tools, client, factory, redactor, allowWrites, log } = o;
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const title = doc.info?.title ?? entry.name;
  const catalog = buildCatalog(tools, entry.samples);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const pagers = Object.keys(client.paginate ?? {}).filter((name) => byName.has(name));
  const hasCall = typeof client.call === "function";
  const members = [...byName.keys(), ...(pagers.length ? ["paginate"] : []), ...(hasCall ? ["call"] : [])];
  let checker;
  const checkerOf = () => {
    checker ??= createCheckerThread({ packageDir: entry.packageDir, factory, members });
    return checker;
  };
  let mock; // { mocks, client } for dryRun, started on first use
  const definitions = [
    searchTool(catalog, title),
    executeTool({ title, factory, packageName: entry.packageName, allowWrites, limits, pagers, hasCall }),
  ];

  /** A client error as the sandbox sees it: the provider's message and the error's fields, redacted. */
  function plainError(error) {
    if (error && typeof error === "object" && typeof error.toJSON === "function" && "kind" in error) {
      const { name, message, kind, status, body, requestId } = error.toJSON();
      return redactor.redactValue(
        Object.fromEntries(
          Object.entries({ name: name ?? error.name, message, kind, status, requestId, body }).filter(
            ([, v]) => v !== undefined,
          ),
        ),
      );
    }
    return { name: error?.name ?? "Error", message: redactor.redact(error?.message ?? String(error)) };
  }

  function bridge(target, writes, stats) {
    const allowed = (name) => {
      const tool = byName.get(name);
      if (!tool)
        throw {
          name: "UnknownOperation",
          message: `client.${name} is not an operation this server serves (search lists them)`,
        };
      if (!tool.read && !writes)
        throw {
          name: "WriteRefused",
          message: `${name} can change data; this server runs without --allow-writes (rehearse it with dryRun: true)`,
        };
      return tool;
    };
    const safe = async (data) => {
      if (data && typeof data === "object" && typeof data.arrayBuffer === "function")
        return { type: data.type || "application/octet-stream", size: data.size, base64: await base64Of(data) };
      return redactor.redactValue(data ?? null);
    };
    return {
      operations: [...byName.keys()],
      pagers,
      hasCall,
      async call(name, args, options) {
        const tool = allowed(name);
        const callOptions = sandboxCallOptions(name, options);
        stats.calls++;
        try {
          return await safe(await tool.call(target, args ?? {}, callOptions));
        } catch (error) {
          throw plainError(error);
        }
      },
      async *paginate(name, args, options) {
        allowed(name);
        const callOptions = sandboxCallOptions(`paginate.${name}`, options);
        stats.calls++;
        try {
          for await (const item of target.paginate[name](args ?? {}, callOptions)) yield await safe(item);
        } catch (error) {
          throw plainError(error);
        }
      },
    };
  }

  /** The dryRun client: a stateful mock of the API (and its companions) for the server's lifetime, reset per run. */
  async function mockClient() {
    if (!mock) {
      mock = (async () => {
        let startMocks;
        try {
          ({ startMocks } = await import("@specforge/mock"));
        } catch {
          throw new Error(
            "dryRun needs @specforge/mock installed next to @specforge/mcp (npm install -D @specforge/mock)",
          );
        }
        const mocks = await startMocks({ apis: [entry.packageDir], ports: 0, cwd: o.cwd });
        // The port variables point clientSettings' `--mock` templates at these mocks; no real credential goes to them.
        const env = {};
        for (const running of mocks.mocks) {
          const portEnv = entry.mocks?.[running.api]?.portEnv;
          if (portEnv) env[portEnv] = String(running.port);
        }
        const settings = clientSettings(entry, { env, doc, mock: true });
        log(`execute: dryRun mock of ${entry.name} started at ${mocks.urls[entry.name]}`);
        return { mocks, client: createClient(exports, settings) };
      })();
      mock.catch(() => {
        mock = undefined;
      });
    }
    const started = await mock;
    await started.mocks.reset();
    return started.client;
  }

  async function execute(args) {
    const code = args?.code;
    if (typeof code !== "string" || !code.trim())
      return { isError: true, content: [text("execute takes { code: string }: the body of an async function")] };
    const dryRun = args.dryRun === true;
    const t0 = performance.now();
    let checked;
    try {
      checked = await checkerOf().check(code);
    } catch (error) {
      return { isError: true, content: [text(redactor.redact(`the type check failed: ${error.message}`))] };
    }
    const checkMs = Math.round(performance.now() - t0);
    if (!checked.ok) {
      log(`execute: type errors (${checked.errors.length}, check ${checkMs} ms); nothing was run`);
      return {
        isError: true,
        content: [
          text(
            redactor.redact(
              `TypeScript found ${checked.errors.length} error(s); nothing was run:\n${checked.errors.join("\n")}`,
            ),
          ),
        ],
      };
    }
    const stats = { calls: 0 };
    let target;
    try {
      target = dryRun ? await mockClient() : client;
    } catch (error) {
      return { isError: true, content: [text(redactor.redact(error.message))] };
    }
    const t1 = performance.now();
    try {
      const { json, logs } = await runInSandbox(checked.js, bridge(target, allowWrites || dryRun, stats), limits);
      const runMs = Math.round(performance.now() - t1);
      log(`execute${dryRun ? " (dryRun)" : ""}: ok (${stats.calls} calls; check ${checkMs} ms, run ${runMs} ms)`);
      const value = redactor.redactValue(JSON.parse(json));
      const content = [text(JSON.stringify(value, null, 2) ?? "null")];
      if (logs.length) content.push(text(`console:\n${redactor.redact(logs.join("\n"))}`));
      return { content };
    } catch (error) {
      const runMs = Math.round(performance.now() - t1);
      const message = redactor.redact(error.message ?? String(error));
      log(
        `execute${dryRun ? " (dryRun)" : ""}: failed (${error.reason ?? "error"}; ${stats.calls} calls; check ${checkMs} ms, run ${runMs} ms): ${message.split("\n")[0]}`,
      );
      const content = [text(message)];
      if (error.logs?.length) content.push(text(`console:\n${redactor.redact(error.logs.join("\n"))}`));
      return { isError: true, content };
    }
  }

  return {
    tools: definitions,
    catalog,
    async call(name, args) {
      if (name === "search") {
        const hits = search(catalog, args?.query ?? "");
        const answer = hits.length
          ? hits
          : {
              hits: [],
              note: `no operation matches "${args?.query ?? ""}"; the search tool's description lists them all`,
            };
        return { content: [text(JSON.stringify(answer, null, 2))] };
      }
      if (name === "execute") return execute(args);
      return undefined;
    },
    /** Loads the type checker and the sandbox before the first call. */
    async warm() {
      await Promise.all([warmSandbox(), checkerOf().warm()]);
    },
    async close() {
      const started = mock && (await mock.catch(() => undefined));
      mock = undefined;
      await started?.mocks.stop();
      await checker?.close();
      checker = undefined;
      await closeSandbox();
    },
  };
}
