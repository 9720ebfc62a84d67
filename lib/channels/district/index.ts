export * from "./contract";
export * from "./client";
export * from "./sign";
export * from "./to-district-payload";
