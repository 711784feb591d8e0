#!/usr/bin/env python3
"""An independent re-implementation of the grand-prize draw, from README
"The grand-prize draw" alone: python3 prize_verify.py SEED_HEX ENTRIES_FILE SLOTS
prints "commitment HEX", "entries_sha256 HEX", then "SLOT ENTRY PERSON BADGE"
for each slot filled."""
import hashlib
import hmac
import sys


def main():
    seed = bytes.fromhex(sys.argv[1])
    text = open(sys.argv[2], "rb").read()
    slots = int(sys.argv[3])
    entries = []
    for number, line in enumerate(text.decode("utf-8").splitlines(), start=1):
        entry, person, badge = line.split(",")
        assert int(entry) == number
        entries.append((int(entry), int(person), badge))
    print("commitment", hashlib.sha256(seed).hexdigest())
    print("entries_sha256", hashlib.sha256(text).hexdigest())
    eligible = list(entries)
    counter = 0
    for slot in range(1, slots + 1):
        if not eligible:
            break
        m = len(eligible)
        while True:
            block = hmac.new(seed, counter.to_bytes(8, "big"), hashlib.sha256).digest()
            counter += 1
            x = int.from_bytes(block[:8], "big")
            if x < 2**64 - (2**64 % m):
                break
        won = eligible[x % m]
        print(slot, won[0], won[1], won[2])
        eligible = [e for e in eligible if e[1] != won[1]]


main()
