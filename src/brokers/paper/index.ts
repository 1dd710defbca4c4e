/** The paper broker: simulated fills from the platform's tick cache, clearly labelled as simulated. */
export { paperCapabilities } from './capabilities';
export { paperFillCharges } from './charges';
export { decideFill, type FillDecision } from './fill-model';
export { createPaperAdapter, type PaperDeps } from './paper-adapter';
