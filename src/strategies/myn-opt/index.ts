/** MYN_OPT: index options, opening-range breakout, intraday. */
export { mynOpt } from './myn-opt';
export { type MynOptParams, mynOptParams } from './params';
