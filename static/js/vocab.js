// The contract's vocabularies (phases, categories, areas, roles, stages, …) as the server
// states them in GET /vocabulary.json, so the browser keeps no list of its own.

export async function loadVocabulary() {
  const response = await fetch("/vocabulary.json");
  if (!response.ok) throw new Error(`vocabulary: ${response.status}`);
  return response.json();
}
