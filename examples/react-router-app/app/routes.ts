import { index, type RouteConfig, route } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('account', 'routes/account.tsx'),
  // Resource routes: no component, they answer the request themselves.
  route('demo/login', 'routes/demo.login.ts'),
  route('demo/logout', 'routes/demo.logout.ts'),
  route('api/intercom-identity', 'routes/api.intercom-identity.ts'),
] satisfies RouteConfig;
