export * from "./partners";
export * from "./customers";
export * from "./catalog";
export * from "./pools";
export * from "./assignments";
export * from "./usage";
export * from "./audit";
export * from "./changes";
