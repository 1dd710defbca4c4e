/** The contract facts the engine needs, narrowed from ContractSpecs. */
export interface SpecsForEngine {
  indexIdOf(underlying: string): string;
}
