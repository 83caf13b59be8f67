namespace NetSpace.DesignSpaces;

/// <summary>One parameter of a design space as shown to people: what is drawn, for which stages, from which distribution.</summary>
/// <param name="Name">Parameter name as in the space file (<c>depth</c>, <c>width</c>, <c>w0</c>, …).</param>
/// <param name="Scope">Where one draw applies: <c>per stage</c>, <c>shared</c> (one draw for all stages), <c>stage 2</c>, or <c>network</c> (RegNet parameters).</param>
/// <param name="Distribution">The distribution.</param>
/// <param name="Meaning">What the value means.</param>
public sealed record SpaceParameter(string Name, string Scope, ParameterDistribution Distribution, string Meaning);
