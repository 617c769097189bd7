/** Centers module: province → city sub-centers → county offices, area codes, working hours, departments. */
export { createCentersService, type CentersService } from './centers.service.js';
export { centersRoutes } from './centers.routes.js';
export { centersMigrations, type CentersTables } from './centers.repository.js';
export { seedDemoProvince } from './demo-province.js';
