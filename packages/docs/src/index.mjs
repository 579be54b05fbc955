// @specforge/docs: the docs portal builder and the static server that serves it.
export { buildDocsPortal, DocsError } from "./build.mjs";
export { createStaticServer, resolveRequestPath, serveStatic } from "./static-server.mjs";
