// The example app's source, as text (raw-loader), so the guide shows exactly the compiled, tested file.
// A .js file: TypeScript cannot type a loader-prefixed import path; example-sources.d.ts types it.
export { default as stackSource } from '!!raw-loader!../../../examples/stack.ts';
