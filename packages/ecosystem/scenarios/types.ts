/** Where the mocks listen: API name (as in redocly.yaml) -> base URL. */
export interface MockUrls {
  trustedtwin: string;
  middletwin: string;
  midaxo: string;
  "midaxo-oauth": string;
}
