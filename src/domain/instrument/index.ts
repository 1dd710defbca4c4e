export {
  type CatalogContract,
  type ChainRow,
  type ContractRow,
  createInstrumentCatalog,
  type InstrumentCatalog,
} from './catalog';
export {
  type ContractSpecData,
  type FreezeQtyRow,
  InvalidContractSpecDataError,
  type LotSizeRow,
  parseContractSpecData,
  type UnderlyingSpec,
} from './contract-spec-data';
export {
  type ContractSpecs,
  createContractSpecs,
  MissingContractSpecError,
  UnknownUnderlyingError,
} from './contract-specs';
export * from './instrument-id';
export { activeFuture, lastSafeTradingDay, mustRoll } from './rollover';
export { atmStrike, optionChainStrikes, type StrikeSelector, strikeByPremium, strikeFor } from './strikes';
