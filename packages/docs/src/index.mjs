// @specforge/docs: the docs portal builder and the static server that serves it.
export { buildDocsPortal, DocsError } from "./build.mjs";
export { createStaticServer, resolveRequestPath } from "./static-server.mjs";
