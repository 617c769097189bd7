import type { Calculator } from './core/calculation.js';
import { contributionBase } from './formulas/contribution-base.js';
import { doubleWage } from './formulas/double-wage.js';
import { enterprisePension } from './formulas/enterprise-pension.js';
import { lateFee } from './formulas/late-fee.js';
import { maternityAllowance } from './formulas/maternity-allowance.js';
import { overtimePay } from './formulas/overtime-pay.js';
import { probation } from './formulas/probation.js';
import { residentPension } from './formulas/resident-pension.js';
import { retirementAge } from './formulas/retirement-age.js';
import { severance } from './formulas/severance.js';
import { unemploymentBenefit } from './formulas/unemployment-benefit.js';
import { workInjuryDeadlines } from './formulas/work-injury-deadlines.js';
import { workInjuryDeath } from './formulas/work-injury-death.js';
import { workInjuryDisability } from './formulas/work-injury-disability.js';

/** Every calculator the platform offers, in the order the calculator page lists them (most asked first). */
export const CALCULATORS: Calculator[] = [
  retirementAge,
  enterprisePension,
  residentPension,
  unemploymentBenefit,
  severance,
  overtimePay,
  workInjuryDisability,
  workInjuryDeath,
  workInjuryDeadlines,
  maternityAllowance,
  lateFee,
  contributionBase,
  probation,
  doubleWage,
] as Calculator[];
