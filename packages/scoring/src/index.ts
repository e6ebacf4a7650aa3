export * from "./numbers";
export * from "./versions";
export * from "./dataset";
export * from "./methods";
export * from "./explain";
export * from "./score";
export * from "./annual";
export * from "./warnings";
