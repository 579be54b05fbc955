// npm run bench [-- --quick] [--out <dir>] [--only <figures>]: specforge measured side by side
// with the tools users would pick instead; writes docs/benchmarks.md and docs/benchmarks.svg.
// The bench lives in packages/bench (@specforge/bench).
process.env.SPECFORGE_BENCH_MAIN = "1";
await import("@specforge/bench/cli");
