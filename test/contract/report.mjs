// Results in the form test/run.sh sums (cmocka's): one line per check, its
// problems below it, and "[  PASSED  ] N test(s)" / "[  FAILED  ] N test(s)".
export function reporter() {
	let passed = 0, failed = 0;
	return {
		check(name, problems) {
			if (problems.length === 0) {
				passed++;
				console.log(`[       OK ] ${name}`);
			} else {
				failed++;
				console.log(`[  FAILED  ] ${name}: ${problems.length} problem(s)`);
				for (const p of problems.slice(0, 200)) console.log(`    ${p}`);
				if (problems.length > 200) console.log(`    … and ${problems.length - 200} more`);
			}
		},
		finish() {
			console.log(`[  PASSED  ] ${passed} test(s).`);
			if (failed) console.log(`[  FAILED  ] ${failed} test(s).`);
			process.exitCode = failed ? 1 : 0;
		},
	};
}
