// Express 4 installed under an alias to prove compatibility; its API surface here matches Express 5's types.
declare module 'express4' {
  import express from 'express';
  export = express;
}
