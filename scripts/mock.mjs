// npm run mock: every provider's mock on 127.0.0.1 (ports in redocly.yaml, overridable by env).
await import("../packages/mock/src/cli.mjs");
