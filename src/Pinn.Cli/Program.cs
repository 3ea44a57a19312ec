using Pinn.Cli;

return PinnCommand.Run(args, Console.Out, Console.Error);
