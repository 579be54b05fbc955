// The Midaxo scenario, run unchanged in every runtime the ecosystem suite covers and
// type-checked by every TypeScript consumer. Public API only, against the real mocks (the API
// and its OAuth2 token endpoint).
import { createMidaxoClient, MidaxoError } from "@specforge/midaxo";
import spec from "@specforge/midaxo/openapi";
import oauth from "@specforge/midaxo/oauth";
import type { MockUrls } from "./types.js";

const PROCESS = "7c1e4a52-3b9d-4f0e-a6d2-1f8b9c0e5a71";

export async function midaxo(urls: MockUrls) {
  const pages: string[] = [];
  const client = createMidaxoClient({
    region: "eu",
    clientId: "m2m-client-4f7d2a9c",
    clientSecret: "m2m-secret-9b3e7c1a5d8f2b6e0c4a8d2f6b0e4c8a",
    baseUrl: urls.midaxo,
    tokenUrl: `${urls["midaxo-oauth"]}/oauth/token`,
    onAttempt: (event) => {
      if (event.operation === "list_projects") pages.push(String(event.status));
    },
  });
  const projects: string[] = [];
  for await (const project of client.paginate.list_projects({ path: { processId: PROCESS }, query: { first: 2 } })) {
    projects.push(project.name);
  }
  const projectPages = [...pages];
  let error: Record<string, unknown> = { thrown: false };
  try {
    await client.list_projects(
      { path: { processId: PROCESS }, query: { first: 2 } },
      { headers: { Prefer: "code=404" } },
    );
  } catch (caught) {
    error = {
      thrown: true,
      isMidaxoError: caught instanceof MidaxoError,
      status: caught instanceof MidaxoError ? caught.status : undefined,
    };
  }
  return {
    spec: spec.info.title,
    oauth: Object.keys(oauth.paths ?? {}),
    tokenRequests: client.tokens.fetchCount,
    projects,
    pages: projectPages,
    error,
  };
}
