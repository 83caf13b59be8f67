using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Data;
using NetSpace.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training;

/// <summary>Top-1 / top-5 error and mean loss of a network over a whole data set, in eval mode without autograd.</summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="model"/> on every image of <paramref name="loader"/> (fixed order, no augmentation).</summary>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, BatchLoader loader)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = torch.no_grad();
        double lossSum = 0;
        long top1 = 0, top5 = 0, n = 0;
        foreach (var batch in loader.EvaluationBatches())
        {
            using var owned = batch;
            using var scope = torch.NewDisposeScope();
            var (images, labels) = (batch.Images, batch.Labels);
            var logits = model.call(images);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            var (c1, c5) = CountCorrect(logits, labels);
            top1 += c1;
            top5 += c5;
            n += labels.shape[0];
        }

        if (wasTraining)
        {
            model.train();
        }

        return n == 0 ? new EvaluationResult(0, 0, 0, 0) : new EvaluationResult(lossSum / n, 1.0 - ((double)top1 / n), 1.0 - ((double)top5 / n), n);
    }

    /// <summary>Number of samples whose label is the arg-max (top-1) or among the 5 largest logits (top-5).</summary>
    public static (long Top1, long Top5) CountCorrect(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = torch.NewDisposeScope();
        long k = Math.Min(5, logits.shape[1]);
        var top = logits.topk((int)k, dim: 1).indexes;
        var hits = top.eq(labels.unsqueeze(1));
        long top1 = hits.narrow(1, 0, 1).sum().item<long>();
        long top5 = hits.sum().item<long>();
        return (top1, top5);
    }
}
