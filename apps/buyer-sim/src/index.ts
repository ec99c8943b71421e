export { BUYERS, classicXmlBuyer, flakyBuyer, jsonBuyer } from './buyers.js';
export type { SimAnswer, SimMemory, SimRequest } from './buyers.js';
export { startBuyerSim } from './server.js';
export type { BuyerSim, BuyerSimStats } from './server.js';
