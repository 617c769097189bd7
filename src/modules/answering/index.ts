/**
 * Answering module: the engine that answers citizens in their own words (web, WeChat, phone robot),
 * its question log and learning loop, and callback requests when no person is free.
 */
export { createAnsweringService, type AnsweringService } from './answering.service.js';
export { answeringRoutes } from './answering.routes.js';
export { answeringMigrations } from './question-log.repository.js';
export { createAnswerEngine, BANDS, type AnswerEngine } from './answer-engine.js';
export { createLlmRephraser, type Rephraser } from './rephrasing/llm-rephraser.js';
export { createLiveChat, type LiveChat } from './live-chat/live-chat.service.js';
export { liveChatRoutes } from './live-chat/live-chat.routes.js';
export { liveChatMigrations } from './live-chat/live-chat.repository.js';
