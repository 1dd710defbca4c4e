/** Instrument master sync: sources, validation against the last good copy, atomic swap, status and catalog reads. */
export { BROKER_MASTER_REQUIRED, BROKER_MASTER_SEGMENTS, brokerMasterSources } from './broker-master-sources';
export {
  type BrokerSymbol,
  findInstrument,
  type InstrumentQuery,
  listedUnderlyings,
  readCatalogRows,
  type StoredInstrument,
  searchInstruments,
} from './catalog-queries';
export { csvMasterSource, formatMasterCsv, InvalidMasterCsvError, parseMasterCsv } from './csv-master-source';
export { brokerMasterSource, type InstrumentMasterSource, type MasterRow, type MasterTarget } from './master-source';
export { readSyncStatus, type SegmentSyncStatus } from './master-store';
export { DEFAULT_SIM_SPOTS, simMasterRows, simMasterSource } from './sim-master-source';
export { type MasterSyncResult, syncInstrumentMaster } from './sync-master';
export { type MasterValidation, validateMaster } from './validate-master';
