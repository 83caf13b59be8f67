using System.CommandLine;
using NetSpace.Cli.Output;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace sweep list</c>: the sweeps in a store with their counts.</summary>
internal static class SweepListCommand
{
    /// <summary>The <c>list</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("a JSON array of sweeps");
        var command = new Command("list", "List the sweeps in the store with their trial counts and best error") { store, json };
        command.SetAction(parse =>
        {
            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            var sweeps = trialStore.ListSweeps();
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, SweepListReport.ListJson(sweeps));
            }
            else
            {
                SweepListReport.WriteList(context.Console, sweeps, trialStore.Location);
            }

            return CliApp.Success;
        });
        return command;
    }
}
