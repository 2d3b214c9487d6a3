export { backend } from './web.js';
