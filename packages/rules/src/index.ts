export * from "./problems";
export * from "./rulebook";
export * from "./data";
export * from "./periods";
export * from "./csv";
export * from "./default";
