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

function fromHash(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[?&#]/)[0] as Route;
  return (ROUTES as readonly string[]).includes(name) ? name : 'home';
}

class Router {
  current = $state<Route>(fromHash());

  constructor() {
    window.addEventListener('hashchange', () => (this.current = fromHash()));
  }

  go(route: Route): void {
    if (route !== this.current) window.location.hash = `/${route}`;
  }
}

export const router = new Router();
