export * from "./audit";
export * from "./court";
export * from "./data";
export * from "./sessions";
export * from "./cycle";
export * from "./supervision";
export * from "./manual";
export * from "./profile";
