// Module resolve hook: `typescript` is resolved as `typescript-5` (see typescript-5-hook.mjs).
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier === 'typescript' ? 'typescript-5' : specifier, context);
}
