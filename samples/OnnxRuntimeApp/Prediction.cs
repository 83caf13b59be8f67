namespace OnnxRuntimeApp;

/// <summary>One prediction: the most likely class and its softmax probability.</summary>
public sealed record Prediction(int Class, float Probability);
