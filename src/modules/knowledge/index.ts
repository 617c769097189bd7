/**
 * Knowledge module: entries with their editorial workflow, versions, regions and validity; the
 * policy library (law articles); search for staff and citizens; starter content; import/export.
 */
export { applyRegionOverride, createKnowledgeService, inChain, isValidOn, type KnowledgeService } from './knowledge.service.js';
export { createLawLibrary, type LawLibrary } from './laws/law-library.service.js';
export { knowledgeRoutes } from './knowledge.routes.js';
export { lawsRoutes } from './laws/laws.routes.js';
export { knowledgeMigrations, type KnowledgeTables } from './knowledge.repository.js';
export { seedStarterKnowledge } from './starter/seed-starter.js';
export { createEntryImport, type EntryImport } from './import-export/entry-import.js';
