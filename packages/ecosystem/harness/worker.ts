// The workerd module worker: `GET /<client>?urls=<json>` runs that client's scenario inside the
// worker and answers `{ runtime, result }` (or `{ error }` with status 500).
import { scenarios } from "../scenarios/all.js";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const name = url.pathname.slice(1);
    try {
      if (!(name in scenarios)) return Response.json({ error: `no scenario ${name}` }, { status: 404 });
      const urls = JSON.parse(url.searchParams.get("urls") ?? "{}") as Record<string, string>;
      const runtime = `workerd (${typeof navigator !== "undefined" ? navigator.userAgent : "?"})`;
      return Response.json({ runtime, result: await scenarios[name]!(urls) });
    } catch (error) {
      return Response.json(
        { error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) },
        { status: 500 },
      );
    }
  },
};
