// The version of the walk's shape this stage reads (contract.json, "version"): a page left open
// across a deploy can meet walks of a newer shape, and says so instead of drawing them wrong.
export const CONTRACT = 2;
