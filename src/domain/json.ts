// JSON values, as scenario files, flow definitions and the Flow Debug API carry them.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
