// OpenAPI 3.1 `webhooks`: the messages an API sends to its users' servers. From the bundled spec:
// the TypeScript types of each message (added to operations.gen.ts), the docs view's code samples
// (a receiving handler and the wire request in curl), and the mock view's delivery rules
// (`x-mock-webhooks`, docs/spec-conventions.md "Webhooks"). Nothing here knows a provider.
import { operationsOf, resolveRef } from "@specforge/model";
import { SAMPLE_LABELS, SAMPLE_LANGS } from "./samples.mjs";

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Every webhook operation of the document: `{ name, method, op, media, body }`, in document order. */
export function webhooksOf(doc) {
  return operationsOf(doc, { from: "webhooks" }).map((w) => ({
    name: w.path,
    method: w.method,
    op: w.op,
    media: w.requestMediaType,
    content: w.requestBody?.content?.[w.requestMediaType],
    required: w.requestBody?.required === true,
  }));
}

// ---------------------------------------------------------------------------------------------
// Runtime facts: what a received body must hold, so a client can check a message without a
// schema validator: its required fields and constants, per variant when it is a discriminated union.

function shapeOf(doc, schema) {
  const s = resolveRef(doc, schema) ?? {};
  const constants = Object.fromEntries(
    Object.entries(s.properties ?? {})
      .map(([name, p]) => [name, resolveRef(doc, p)])
      .filter(([, p]) => p && "const" in p)
      .map(([name, p]) => [name, p.const]),
  );
  return { required: [...(s.required ?? [])], ...(Object.keys(constants).length ? { constants } : {}) };
}

/** `{ <webhook>: { required, constants? } | { discriminator, variants: { <value>: { required, constants? } } } }` */
export function webhookBodyShapes(doc) {
  const shapes = {};
  for (const w of webhooksOf(doc)) {
    if (!w.media) continue;
    const schema = resolveRef(doc, w.content?.schema);
    const mapping = schema?.discriminator?.mapping;
    if (schema?.discriminator?.propertyName && mapping) {
      shapes[w.name] = {
        discriminator: schema.discriminator.propertyName,
        variants: Object.fromEntries(
          Object.entries(mapping).map(([value, ref]) => [value, shapeOf(doc, { $ref: ref })]),
        ),
      };
    } else shapes[w.name] = shapeOf(doc, schema);
  }
  return shapes;
}

// ---------------------------------------------------------------------------------------------
// Docs view samples

/** The discriminator of a body schema that is a discriminated union, with its values. */
function unionOf(doc, schema) {
  const s = resolveRef(doc, schema);
  if (!s?.discriminator?.propertyName || !s.discriminator.mapping) return undefined;
  return { property: s.discriminator.propertyName, values: Object.keys(s.discriminator.mapping) };
}

function firstExample(doc, content) {
  const named = Object.values(content?.examples ?? {})[0];
  if (named) return resolveRef(doc, named).value;
  return content?.example;
}

function typescriptReceiver(doc, packageName, w) {
  const union = unionOf(doc, w.content?.schema);
  const lines = [
    `import type { WebhookMessages } from ${JSON.stringify(packageName)};`,
    "",
    `// The handler of your callback URL (any fetch-style server: Node, Deno, Bun, edge workers).`,
    `export async function receive(request: Request): Promise<Response> {`,
    `  const message = (await request.json()) as WebhookMessages[${JSON.stringify(w.name)}];`,
  ];
  if (union) {
    lines.push(`  switch (message.${union.property}) {`);
    for (const value of union.values)
      lines.push(`    case ${JSON.stringify(value)}:`, `      console.log(message);`, `      break;`);
    lines.push(`  }`);
  } else lines.push(`  console.log(message);`);
  lines.push(`  return new Response(null, { status: 200 });`, `}`);
  return lines.join("\n");
}

function curlDelivery(w, example) {
  const flat = JSON.stringify(example);
  const data = flat.length > 72 ? JSON.stringify(example, null, 2) : flat;
  // What the API sends: point $CALLBACK_URL at your receiver to try it.
  return [
    `curl -X ${w.method.toUpperCase()} "$CALLBACK_URL" \\`,
    `  -H ${shellQuote(`Content-Type: ${w.media}`)} \\`,
    `  -d ${shellQuote(data)}`,
  ].join("\n");
}

/** Adds `x-codeSamples` (a TypeScript receiver, the delivery in curl) to every webhook of a docs view. */
export function addWebhookSamples(view, doc, packageName) {
  for (const w of webhooksOf(view)) {
    if (!w.media) continue;
    const example = firstExample(doc, w.content);
    w.op["x-codeSamples"] = [
      {
        lang: SAMPLE_LANGS.typescript,
        label: SAMPLE_LABELS.typescript,
        source: typescriptReceiver(doc, packageName, w),
      },
      ...(example === undefined
        ? []
        : [{ lang: SAMPLE_LANGS.curl, label: SAMPLE_LABELS.curl, source: curlDelivery(w, example) }]),
    ];
  }
  return view;
}

// ---------------------------------------------------------------------------------------------
// Mock view: `x-mock-webhooks` resolved into what the mock's delivery needs without the spec
// (operations as method + path template, webhook examples as values, the lifetime's default).

function operationById(doc, operationId, where) {
  const found = operationsOf(doc).find((o) => o.operationId === operationId);
  if (found)
    return { method: found.method.toUpperCase(), path: found.path, op: found.op, parameters: found.parameters };
  throw new Error(`#/x-mock-webhooks: ${where} names operation ${operationId}, which the spec does not have`);
}

function webhookExample(doc, name, exampleName, where) {
  const w = webhooksOf(doc).find((x) => x.name === name);
  if (!w?.content)
    throw new Error(`#/x-mock-webhooks: ${where} names webhook ${name}, which the spec does not have (with a body)`);
  const examples = w.content.examples ?? {};
  const key = exampleName ?? Object.keys(examples)[0];
  if (!key || !examples[key])
    throw new Error(`#/x-mock-webhooks: ${where}: webhook ${name} has no example ${exampleName ?? "(none at all)"}`);
  return {
    webhook: name,
    send: w.method.toUpperCase(),
    message: structuredClone(resolveRef(doc, examples[key]).value),
  };
}

/** The stateful mock's store changes a notification can follow (its change events' `kind`). */
const CHANGE_KINDS = ["created", "updated", "deleted"];

/** The mock view's `x-specforge-mock.webhooks`, or undefined when the spec has no `x-mock-webhooks`. */
export function mockWebhookRules(doc) {
  const spec = doc["x-mock-webhooks"];
  if (!spec) return undefined;
  const subscribe = operationById(doc, spec.subscribe?.operation, "subscribe.operation");
  const bodySchema = resolveRef(doc, resolveRef(doc, subscribe.op.requestBody)?.content?.["application/json"]?.schema);
  const expiresDefault = resolveRef(doc, bodySchema?.properties?.[spec.subscribe.expires])?.default;
  // The spec's own example tokens stand for a subscription that exists (as the stateful mock's
  // store starts with the examples): the docs samples of the token operations work on the mock.
  const tokenOp = (role) => {
    const { method, path, parameters } = operationById(doc, spec[role], role);
    const param = parameters.find((p) => p.in === "query" && p.name === spec.token?.query);
    const exampleTokens = [
      param?.example,
      ...Object.values(param?.examples ?? {}).map((e) => resolveRef(doc, e)?.value),
    ].filter((v) => typeof v === "string");
    return { method, path, ...(exampleTokens.length ? { exampleTokens: [...new Set(exampleTokens)] } : {}) };
  };
  return {
    subscribe: {
      method: subscribe.method,
      path: subscribe.path,
      callback: spec.subscribe.callback,
      topic: spec.subscribe.topic,
      expires: spec.subscribe.expires,
      ...(typeof expiresDefault === "number" ? { expiresDefault } : {}),
      account: spec.subscribe.account,
    },
    confirm: tokenOp("confirm"),
    refresh: tokenOp("refresh"),
    unsubscribe: tokenOp("unsubscribe"),
    token: spec.token,
    confirmation: {
      ...webhookExample(doc, spec.confirmation.webhook, spec.confirmation.example, "confirmation"),
      set: spec.confirmation.set ?? {},
    },
    notify: (spec.notify?.on ?? []).map((rule, i) => {
      const where = `notify.on[${i}]`;
      if (!doc.paths?.[rule.resource])
        throw new Error(
          `#/x-mock-webhooks: ${where}.resource ${rule.resource} is not a path of the spec (the stateful mock's resources are its paths)`,
        );
      if (!CHANGE_KINDS.includes(rule.kind))
        throw new Error(`#/x-mock-webhooks: ${where}.kind must be one of ${CHANGE_KINDS.join(", ")}, not ${rule.kind}`);
      const { example, ...how } = rule;
      // `resource` + `kind`: the store change that sends it; `send`: the method the message goes with.
      return {
        ...webhookExample(doc, spec.notify.webhook, example, where),
        set: spec.notify.set ?? {},
        omit: spec.notify.omit ?? [],
        ...how,
      };
    }),
  };
}
