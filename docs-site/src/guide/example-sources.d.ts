/** examples/stack.ts as text. */
export declare const stackSource: string;
