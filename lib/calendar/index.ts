export * from "./dates";
export * from "./working-days";
export * from "./provisional";
