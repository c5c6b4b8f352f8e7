/** Vite's module declarations (CSS imports) for the type checker. */
declare module '*.css';
