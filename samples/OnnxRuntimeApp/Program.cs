// Classifies Fashion-MNIST test images with a model exported by
//   netspace export onnx --run RUN --with-preprocessing --out model.onnx
// Usage: OnnxRuntimeApp MODEL.onnx [DIR] [COUNT]
// DIR holds t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (default: /usr/share/datasets/fashion-mnist).
using OnnxRuntimeApp;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: OnnxRuntimeApp MODEL.onnx [FASHION_MNIST_DIR] [COUNT]");
    return 2;
}

string dir = args.Length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist";
int count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var (pixels, labels) = FashionMnistClassifier.ReadTestImages(dir, count);
using var classifier = new FashionMnistClassifier(args[0]);
var predictions = classifier.Classify(pixels, labels.Length);
int correct = 0;
for (int i = 0; i < labels.Length; i++)
{
    var p = predictions[i];
    correct += p.Class == labels[i] ? 1 : 0;
    if (i < 10)
    {
        Console.WriteLine($"image {i}: {classifier.ClassName(p.Class)} ({p.Probability:P1}), true: {classifier.ClassName(labels[i])}");
    }
}

Console.WriteLine($"top-1 accuracy {correct}/{labels.Length} = {(double)correct / labels.Length:P2}");
return 0;
