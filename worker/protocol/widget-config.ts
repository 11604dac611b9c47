/**
 * The public widget config as the Worker sends it (`GET /v1/agents/:id/widget-config`) and the
 * panel and preview page read it. Environment-neutral: the widget bundles import it too.
 */
/** The panel page's query parameters, set by the loader and checked by the Worker's `/panel` route. */
export const PANEL_PARAM_AGENT = "agent";
export const PANEL_PARAM_HOST = "host";

export type WidgetConfig = {
  agentId: string;
  name: string;
  greeting: string;
  accentColor: string | null;
  /**
   * The avatar shown beside the name, served by the Worker itself (the page's CSP allows no other image origin for it);
   * null when the agent has none.
   */
  avatarUrl: string | null;
  /** Exact host names whose https images answers may show (markdown images); every other image stays its alt text. */
  allowedImageHosts: string[];
  poweredByAi: boolean;
};
