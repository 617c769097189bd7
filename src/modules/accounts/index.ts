/** Accounts module: staff accounts, roles, password sign-in, sessions and lockout. */
export { createAuthService, type AuthService, type AuthPolicy } from './auth.service.js';
export { createUsersService, type UsersService } from './users.service.js';
export { accountsRoutes } from './accounts.routes.js';
export { accountsMigrations, type AccountsTables } from './accounts.repository.js';
export { seedDemoUsers, DEMO_USERS, DEMO_PASSWORD } from './demo-users.js';
