/** The window's views, in sidebar order; the URL fragment names the current one (#/notes). */
export const ROUTES = ['home', 'memory', 'notes', 'approvals', 'history', 'usage', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<Route, string> = {
  home: 'Home',
  memory: 'Memory',
  notes: 'Notes',
  approvals: 'Approvals',
  history: 'History',
  usage: 'Usage',
  settings: 'Settings',
};
