import { ROUTES, type Route } from './routes';

export { ROUTES, ROUTE_LABELS, type Route } from './routes';

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
