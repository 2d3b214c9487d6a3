// Express 4 is installed under the alias `express4` for the tests; its API is typed by @types/express.
declare module 'express4' {
  import express from 'express';
  export default express;
}
