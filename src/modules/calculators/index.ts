/**
 * Calculators module: pure, table-driven functions for the figures citizens ask for (retirement age,
 * pensions, unemployment benefit, work-injury benefits, severance, overtime, late fees, maternity
 * allowance …), each with its steps, legal basis and assumptions; and the local parameters a center
 * maintains for them.
 */
export { createCalculatorsService, type CalculatorsService } from './calculators.service.js';
export { calculatorsRoutes } from './calculators.routes.js';
export { calculatorMigrations } from './calculator-parameters.repository.js';
export { CALCULATORS } from './catalog.js';
export { seedDemoParameters } from './demo-parameters.js';
