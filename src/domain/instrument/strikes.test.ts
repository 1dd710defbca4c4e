import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { atmStrike, optionChainStrikes, strikeByPremium, strikeFor } from './index';

describe('strikes', () => {
  test('ATM rounds spot to the nearest step, half-way up', () => {
    assert.equal(atmStrike(2_402_400, 50), 24_000);
    assert.equal(atmStrike(2_402_500, 50), 24_050);
    assert.equal(atmStrike(2_407_400, 50), 24_050);
    assert.equal(atmStrike(12_345, 2.5), 122.5);
  });

  test('ITM and OTM move in opposite directions for calls and puts', () => {
    const spot = 2_401_000;
    assert.equal(strikeFor('ATM', 'CE', spot, 50), 24_000);
    assert.equal(strikeFor('OTM2', 'CE', spot, 50), 24_100);
    assert.equal(strikeFor('ITM1', 'CE', spot, 50), 23_950);
    assert.equal(strikeFor('OTM2', 'PE', spot, 50), 23_900);
    assert.equal(strikeFor('ITM1', 'PE', spot, 50), 24_050);
    assert.throws(() => strikeFor('OTM0' as 'ATM', 'CE', spot, 50), /bad strike selector/);
  });

  test('strike by premium picks the closest LTP, cheaper on ties, ignoring untraded', () => {
    const chain = [
      { strike: 24_000, ltpPaise: 15_000 },
      { strike: 24_100, ltpPaise: 11_000 },
      { strike: 24_200, ltpPaise: 9_000 },
      { strike: 24_300, ltpPaise: 0 },
    ];
    assert.equal(strikeByPremium(chain, 10_000)?.strike, 24_200);
    assert.equal(strikeByPremium(chain, 12_000)?.strike, 24_100);
    assert.equal(strikeByPremium(chain, 0)?.strike, 24_200);
    assert.equal(strikeByPremium([], 10_000), undefined);
  });

  test('option chain strikes are ATM ± width steps', () => {
    assert.deepEqual(optionChainStrikes(2_401_000, 50, 2), [23_900, 23_950, 24_000, 24_050, 24_100]);
    assert.deepEqual(optionChainStrikes(6_000, 50, 2), [50, 100, 150]);
  });
});
